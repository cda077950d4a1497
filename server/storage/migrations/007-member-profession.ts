/** A member's profession ("infirmière", "médecin généraliste"), for plain-words owners in the easy-read plan. */
export default /* sql */ `
ALTER TABLE members ADD COLUMN profession TEXT NOT NULL DEFAULT '';
`
