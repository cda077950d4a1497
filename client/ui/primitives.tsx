import type { ButtonHTMLAttributes, ReactNode } from 'react'

/** Design-system primitives: a few typed wrappers over native elements (native = accessible). */

type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger'

export function Button({ variant = 'secondary', className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type="button" {...props} className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')} />
}

/** An icon-only button: the label is required and used as aria-label and tooltip. */
export function IconButton({ label, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; children: ReactNode }) {
  return (
    <button type="button" {...props} className={['icon-btn', props.className].filter(Boolean).join(' ')} aria-label={label} title={label}>
      <span aria-hidden="true">{children}</span>
    </button>
  )
}

export function Notice({ tone = 'info', children, action }: { tone?: 'info' | 'warning' | 'error' | 'success'; children: ReactNode; action?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span>{children}</span>
      {action}
    </div>
  )
}

export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'violet'; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  )
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  )
}

/** A polite live region, present from the first render so screen readers pick up its changes. */
export function LiveRegion({ message, id }: { message: string; id?: string }) {
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id={id} data-testid="live-region">
      {message}
    </div>
  )
}
