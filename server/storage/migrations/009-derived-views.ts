/**
 * Issue 13, derived views.
 * - Each timeline entry belongs to one part: `plan` (the parcours) or `health`
 *   (clinical events: admissions, diagnoses, test scores), read only by who
 *   reads that part live. Hospitalisations are clinical; so are the two demo
 *   entries that name a diagnosis or a test score (already seeded databases).
 * - Versions and meetings keep the context they were made in (circle,
 *   coordinator, review date) as JSON, so a 2022 version prints its 2022
 *   coordinator. NULL for older rows: readers rebuild it from the members'
 *   dates and the handover audit trail (server/domain/version-context.ts).
 */
export default /* sql */ `
ALTER TABLE timeline_events ADD COLUMN part TEXT NOT NULL DEFAULT 'plan' CHECK (part IN ('plan', 'health'));
UPDATE timeline_events SET part = 'health' WHERE kind = 'hospitalisation';
UPDATE timeline_events SET part = 'health' WHERE situation_id = 'monsieur-x' AND id IN ('mx-2021-03-12-event', 'mx-2024-02-05-newService');
ALTER TABLE versions ADD COLUMN context TEXT;
ALTER TABLE meetings ADD COLUMN context TEXT;
`
