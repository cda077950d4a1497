import { Hono } from 'hono'
import { z } from 'zod'
import { todoFor, type TodoDeps } from '../domain/todo.ts'
import { chooseDigest, digestWanted, type ReminderPreferenceDeps } from '../domain/reminder-preferences.ts'
import { readJson } from './body.ts'
import type { AppEnv } from './context.ts'
import { requireUser } from './session.ts'
import type { TodoItem } from '../../shared/api/follow-up.ts'

const preferencesBody = z.object({ digest: z.boolean() })

/**
 * "À faire": what waits for the caller across situations (DESIGN.md 5b),
 * and the caller's reminder preferences (daily digest on or off).
 */
export function todoRoutes(deps: TodoDeps & ReminderPreferenceDeps) {
  return new Hono<AppEnv>()
    .get('/me/todo', requireUser, async (c) => c.json((await todoFor(deps, c.get('user')!.id)).items satisfies TodoItem[]))
    .get('/me/reminders', requireUser, (c) => c.json({ digest: digestWanted(deps, c.get('user')!.id) }))
    .post('/me/reminders', requireUser, async (c) => {
      const { digest } = await readJson(c, preferencesBody)
      return c.json({ digest: chooseDigest(deps, c.get('user')!.id, digest) })
    })
}
