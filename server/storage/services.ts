import { nanoid } from 'nanoid'
import type { SqlDb } from './sql/schema.ts'
import type { ServiceKind, ServiceRole, ServiceSummary } from '../../shared/api/intake.ts'

export interface ServiceMemberRow {
  serviceId: string
  userId: string
  role: ServiceRole
  addedAt: string
}

/**
 * Services (structures: a DAC, an MDPH, an MSP) and who works at their front
 * door (issue 15), asynchronous on both engines (docs/decisions/018).
 * @example const services = createServiceRows(sql); await services.roleOf(serviceId, userId)
 */
export function createServiceRows(sql: SqlDb) {
  const summaries = () => sql.selectFrom('services').select(['id', 'name', 'kind'])
  return {
    async list(): Promise<ServiceSummary[]> {
      return summaries().orderBy('name').orderBy('id').execute()
    },
    async byId(id: string): Promise<ServiceSummary | undefined> {
      return summaries().where('id', '=', id).executeTakeFirst()
    },
    async byName(name: string): Promise<ServiceSummary | undefined> {
      return summaries().where('name', '=', name).executeTakeFirst()
    },
    async create(input: { name: string; kind: ServiceKind }, now = new Date()): Promise<ServiceSummary> {
      const id = `service-${nanoid(12)}`
      await sql.insertInto('services').values({ id, name: input.name, kind: input.kind, created_at: now.toISOString() }).execute()
      return { id, name: input.name, kind: input.kind }
    },
    /** The user's active role in that service, or null for anyone outside it. */
    async roleOf(serviceId: string, userId: string): Promise<ServiceRole | null> {
      const row = await sql
        .selectFrom('service_members')
        .select('role')
        .where('service_id', '=', serviceId)
        .where('user_id', '=', userId)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      return row?.role ?? null
    },
    async members(serviceId: string): Promise<ServiceMemberRow[]> {
      return sql
        .selectFrom('service_members')
        .select(['service_id as serviceId', 'user_id as userId', 'role', 'added_at as addedAt'])
        .where('service_id', '=', serviceId)
        .where('removed_at', 'is', null)
        .orderBy('added_at')
        .execute()
    },
    /**
     * Adds the user, or changes the role of an active member. One statement
     * against the partial unique index of active members (the same on both
     * engines), so two concurrent calls cannot both insert.
     */
    async setMember(serviceId: string, userId: string, role: ServiceRole, now = new Date()): Promise<void> {
      await sql
        .insertInto('service_members')
        .values({ service_id: serviceId, user_id: userId, role, added_at: now.toISOString() })
        .onConflict((oc) =>
          oc
            .columns(['service_id', 'user_id'])
            .where('removed_at', 'is', null)
            .doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })),
        )
        .execute()
    },
    async removeMember(serviceId: string, userId: string, now = new Date()): Promise<boolean> {
      const result = await sql
        .updateTable('service_members')
        .set({ removed_at: now.toISOString() })
        .where('service_id', '=', serviceId)
        .where('user_id', '=', userId)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    /** A situation opened by accepting a request belongs to that request's service. */
    async attachSituation(situationId: string, serviceId: string): Promise<void> {
      await sql.updateTable('situations').set({ service_id: serviceId }).where('id', '=', situationId).execute()
    },
    async serviceOfSituation(situationId: string): Promise<string | null> {
      const row = await sql.selectFrom('situations').select('service_id').where('id', '=', situationId).executeTakeFirst()
      return row?.service_id ?? null
    },
  }
}
export type ServiceRows = ReturnType<typeof createServiceRows>
