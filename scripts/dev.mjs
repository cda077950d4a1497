// `npm run dev`: the server (restarted on change) and Vite with hot reload; open http://localhost:5173.
import { spawn } from 'node:child_process'

const children = [
  spawn(process.execPath, ['--watch', '--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
]
const stop = (signal) => children.forEach((child) => child.kill(signal))
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
children.forEach((child) => child.on('exit', (code) => code && code !== 0 && stop('SIGTERM')))
