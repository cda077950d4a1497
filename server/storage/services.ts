import { nanoid } from 'nanoid'
import type { Db } from './db.ts'
import type { ServiceKind, ServiceRole, ServiceSummary } from '../../shared/api/intake.ts'

export interface ServiceMemberRow {
  serviceId: string
  userId: string
  role: ServiceRole
  addedAt: string
}

/** Services (structures: a DAC, an MDPH, an MSP) and who works at their front door (issue 15). */
export function createServiceRows(db: Db) {
  const insert = db.prepare('INSERT INTO services (id, name, kind, created_at) VALUES (?, ?, ?, ?)')
  const all = db.prepare('SELECT id, name, kind FROM services ORDER BY name, id')
  const byId = db.prepare('SELECT id, name, kind FROM services WHERE id = ?')
  const byName = db.prepare('SELECT id, name, kind FROM services WHERE name = ?')
  const roleOf = db.prepare('SELECT role FROM service_members WHERE service_id = ? AND user_id = ? AND removed_at IS NULL').pluck()
  const membersOf = db.prepare(
    'SELECT service_id AS serviceId, user_id AS userId, role, added_at AS addedAt FROM service_members WHERE service_id = ? AND removed_at IS NULL ORDER BY added_at',
  )
  const addMember = db.prepare('INSERT INTO service_members (service_id, user_id, role, added_at) VALUES (?, ?, ?, ?)')
  const changeRole = db.prepare('UPDATE service_members SET role = ? WHERE service_id = ? AND user_id = ? AND removed_at IS NULL')
  const removeMember = db.prepare('UPDATE service_members SET removed_at = ? WHERE service_id = ? AND user_id = ? AND removed_at IS NULL')
  const attachSituation = db.prepare('UPDATE situations SET service_id = ? WHERE id = ?')
  const serviceOfSituation = db.prepare('SELECT service_id FROM situations WHERE id = ?').pluck()
  return {
    list: () => all.all() as ServiceSummary[],
    byId: (id: string) => byId.get(id) as ServiceSummary | undefined,
    byName: (name: string) => byName.get(name) as ServiceSummary | undefined,
    create: (input: { name: string; kind: ServiceKind }, now = new Date()): ServiceSummary => {
      const id = `service-${nanoid(12)}`
      insert.run(id, input.name, input.kind, now.toISOString())
      return { id, name: input.name, kind: input.kind }
    },
    /** The user's active role in that service, or null for anyone outside it. */
    roleOf: (serviceId: string, userId: string) => (roleOf.get(serviceId, userId) as ServiceRole | undefined) ?? null,
    members: (serviceId: string) => membersOf.all(serviceId) as ServiceMemberRow[],
    /** Adds the user, or changes the role of an active member. */
    setMember: (serviceId: string, userId: string, role: ServiceRole, now = new Date()): void => {
      if (changeRole.run(role, serviceId, userId).changes === 0) addMember.run(serviceId, userId, role, now.toISOString())
    },
    removeMember: (serviceId: string, userId: string, now = new Date()): boolean => removeMember.run(now.toISOString(), serviceId, userId).changes === 1,
    /** A situation opened by accepting a request belongs to that request's service. */
    attachSituation: (situationId: string, serviceId: string): void => void attachSituation.run(serviceId, situationId),
    serviceOfSituation: (situationId: string) => (serviceOfSituation.get(situationId) as string | null | undefined) ?? null,
  }
}
export type ServiceRows = ReturnType<typeof createServiceRows>
