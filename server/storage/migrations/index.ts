import initial from './001-initial.ts'
import identity from './002-identity.ts'
import actionProjection from './003-action-projection.ts'
import records from './004-records.ts'
import meetings from './005-meetings.ts'
import serverState from './006-server-state.ts'
import memberProfession from './007-member-profession.ts'
import situationFields from './008-situation-fields.ts'
import derivedViews from './009-derived-views.ts'
import accounts from './010-accounts.ts'
import territory from './011-territory.ts'
import frontDoor from './012-front-door.ts'
import followUp from './013-follow-up.ts'
import services from './014-services.ts'
import consentOrder from './015-consent-order.ts'
import insertionSeq from './016-insertion-seq.ts'

/** Applied in order, each once; never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  { id: 1, name: 'initial', sql: initial },
  { id: 2, name: 'identity', sql: identity },
  { id: 3, name: 'action-projection', sql: actionProjection },
  { id: 4, name: 'records', sql: records },
  { id: 5, name: 'meetings', sql: meetings },
  { id: 6, name: 'server-state', sql: serverState },
  { id: 7, name: 'member-profession', sql: memberProfession },
  { id: 8, name: 'situation-fields', sql: situationFields },
  { id: 9, name: 'derived-views', sql: derivedViews },
  { id: 10, name: 'accounts', sql: accounts },
  { id: 11, name: 'territory', sql: territory },
  { id: 12, name: 'front-door', sql: frontDoor },
  { id: 13, name: 'follow-up', sql: followUp },
  { id: 14, name: 'services', sql: services },
  { id: 15, name: 'consent-order', sql: consentOrder },
  { id: 16, name: 'insertion-seq', sql: insertionSeq },
]
