import { Accessibility, CircleCheck, CircleX, Clock, Circle, HandHeart, HeartPulse, MapPin, Users, type LucideIcon } from 'lucide-react'
import type { ActionStatus } from '../../shared/schema/plan.ts'
import type { AssessmentDomain } from '../../shared/schema/roots.ts'

/** A pictogram per assessment domain; always shown beside its words (the icon itself is decorative). */
export const DOMAIN_ICONS: Record<AssessmentDomain, LucideIcon> = {
  health: HeartPulse,
  autonomy: Accessibility,
  participation: Users,
  caregivers: HandHeart,
  environment: MapPin,
}

/** A pictogram per action status, with its text alternative from `easy.status.*`. */
export const STATUS_ICONS: Record<ActionStatus, LucideIcon> = {
  todo: Circle,
  doing: Clock,
  done: CircleCheck,
  dropped: CircleX,
}
