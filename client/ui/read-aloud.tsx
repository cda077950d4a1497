import { useEffect, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { Square, Volume2 } from 'lucide-react'

/**
 * Voices that speak on this device only: a network voice would send the
 * text to a third party (DESIGN.md section 7). French first, then any local
 * voice of the page's language.
 */
export function localVoice(voices: readonly SpeechSynthesisVoice[], language: string): SpeechSynthesisVoice | null {
  const local = voices.filter((voice) => voice.localService)
  const wanted = language.toLowerCase()
  return (
    local.find((voice) => voice.lang.toLowerCase().startsWith(wanted) && voice.default) ??
    local.find((voice) => voice.lang.toLowerCase().startsWith(wanted)) ??
    null
  )
}

/** The local voice for the current language, updated when the browser loads its voices. */
export function useLocalVoice(): SpeechSynthesisVoice | null {
  const { i18n } = useTranslation()
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(null)
  useEffect(() => {
    if (typeof window === 'undefined' || !('speechSynthesis' in window)) return
    const synth = window.speechSynthesis
    const update = () => setVoice(localVoice(synth.getVoices(), i18n.language === 'en' ? 'en' : 'fr'))
    update()
    synth.addEventListener('voiceschanged', update)
    return () => {
      synth.removeEventListener('voiceschanged', update)
      synth.cancel()
    }
  }, [i18n.language])
  return voice
}

/** The text a block shows, without its controls (marked `data-no-read`). */
export function readableText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement
  for (const node of copy.querySelectorAll('[data-no-read], button, .visually-hidden')) node.remove()
  return (copy.innerText || copy.textContent || '').replace(/\s+\n/g, '\n').trim()
}

/**
 * "Lire à voix haute" for one block, with a device-local voice only; hidden
 * when the device has none (no network voice is ever used).
 */
export function ReadAloudButton({ target, label }: { target: RefObject<HTMLElement | null>; label?: string }) {
  const { t } = useTranslation()
  const voice = useLocalVoice()
  const [speaking, setSpeaking] = useState(false)
  if (!voice) return null
  const toggle = () => {
    const synth = window.speechSynthesis
    if (speaking) {
      synth.cancel()
      setSpeaking(false)
      return
    }
    const text = target.current ? readableText(target.current) : ''
    if (!text) return
    synth.cancel()
    const utterance = new SpeechSynthesisUtterance(text)
    utterance.voice = voice
    utterance.lang = voice.lang
    utterance.rate = 0.9
    utterance.onend = () => setSpeaking(false)
    utterance.onerror = () => setSpeaking(false)
    setSpeaking(true)
    synth.speak(utterance)
  }
  const text = speaking ? t('readAloud.stop') : t('readAloud.start')
  return (
    <button type="button" className="btn btn-secondary read-aloud" onClick={toggle} aria-pressed={speaking} data-no-read aria-label={label ? `${text} : ${label}` : text}>
      {speaking ? <Square aria-hidden="true" size={18} /> : <Volume2 aria-hidden="true" size={18} />}
      <span>{text}</span>
    </button>
  )
}
