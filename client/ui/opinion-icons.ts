import { CircleHelp, ThumbsDown, ThumbsUp, type LucideIcon } from 'lucide-react'
import type { Opinion } from '../../shared/schema/person.ts'

export const OPINION_ICONS: Record<Opinion, LucideIcon> = { agree: ThumbsUp, unsure: CircleHelp, disagree: ThumbsDown }
