/**
 * Moved to client/ui/closed-banner.tsx (issue 16: plan, person, circle and audit show it; a feature
 * folder must not be what the others import). Kept as a re-export until plan/CircleHeader.tsx,
 * plan/SituationPage.tsx and person/ChoicesPage.tsx import it from ui/.
 */
export { ClosedBanner, type SituationFacts } from '../ui/closed-banner.tsx'
