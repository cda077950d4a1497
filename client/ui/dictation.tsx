import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Mic } from 'lucide-react'

interface RecognitionLike {
  lang: string
  interimResults: boolean
  processLocally?: boolean
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
}

interface RecognitionConstructor {
  new (): RecognitionLike
  available?: (options: { langs: string[]; processLocally: boolean }) => Promise<string>
}

const isChromium = (): boolean => {
  const brands = (navigator as Navigator & { userAgentData?: { brands?: { brand: string }[] } }).userAgentData?.brands ?? []
  return brands.some((brand) => /chrom/i.test(brand.brand)) || /Chrom(e|ium)\//.test(navigator.userAgent)
}

/**
 * Dictation is offered only where recognition runs on the device. Chromium's
 * recognition sends audio to a third party (DESIGN.md section 7), so it is
 * treated as remote there; elsewhere the standard `available({processLocally})`
 * must say the on-device model is ready.
 */
export async function onDeviceRecognition(language: string): Promise<RecognitionConstructor | null> {
  const Recognition = (window as unknown as { SpeechRecognition?: RecognitionConstructor }).SpeechRecognition
  if (!Recognition || isChromium() || typeof Recognition.available !== 'function') return null
  try {
    return (await Recognition.available({ langs: [language], processLocally: true })) === 'available' ? Recognition : null
  } catch {
    return null
  }
}

/** A "Dicter" button that inserts what was said; absent unless recognition is on-device. */
export function DictateButton({ onText, label }: { onText: (text: string) => void; label: string }) {
  const { t, i18n } = useTranslation()
  const [Recognition, setRecognition] = useState<RecognitionConstructor | null>(null)
  const [listening, setListening] = useState(false)
  const current = useRef<RecognitionLike | null>(null)
  useEffect(() => {
    let live = true
    void onDeviceRecognition(i18n.language === 'en' ? 'en-GB' : 'fr-FR').then((found) => live && setRecognition(() => found))
    return () => {
      live = false
      current.current?.stop()
    }
  }, [i18n.language])
  if (!Recognition) return null
  const toggle = () => {
    if (listening) {
      current.current?.stop()
      return
    }
    const recognition = new Recognition()
    recognition.lang = i18n.language === 'en' ? 'en-GB' : 'fr-FR'
    recognition.processLocally = true
    recognition.interimResults = false
    recognition.onresult = (event) => {
      const last = event.results[event.results.length - 1]
      if (last?.[0]) onText(last[0].transcript)
    }
    recognition.onend = () => setListening(false)
    current.current = recognition
    setListening(true)
    recognition.start()
  }
  return (
    <button type="button" className="btn btn-secondary" onClick={toggle} aria-pressed={listening} aria-label={`${t('dictation.start')} : ${label}`}>
      <Mic aria-hidden="true" size={18} /> <span>{listening ? t('dictation.stop') : t('dictation.start')}</span>
    </button>
  )
}
