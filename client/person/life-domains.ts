import { Briefcase, HeartPulse, House, Users, type LucideIcon } from 'lucide-react'
import type { LifeDomain } from '../../shared/schema/person.ts'

/** A pictogram per life-project domain (always shown with its name). */
export const LIFE_DOMAIN_ICONS: Record<LifeDomain, LucideIcon> = {
  wellbeing: HeartPulse,
  activity: Briefcase,
  wayOfLife: House,
  relationships: Users,
}
