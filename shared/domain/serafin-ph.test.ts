import { describe, expect, it } from 'vitest'
import { SERAFIN_PH_NEEDS, SERAFIN_PH_SOURCE, isSerafinNeedCode, searchSerafinNeeds, serafinLabel } from './serafin-ph.ts'

describe('the SERAFIN-PH needs nomenclature', () => {
  it('holds the 34 codes of the ANS value set, each once, each under a parent it holds', () => {
    expect(SERAFIN_PH_NEEDS).toHaveLength(34)
    const codes = new Set(SERAFIN_PH_NEEDS.map((need) => need.code))
    expect(codes.size).toBe(34)
    for (const need of SERAFIN_PH_NEEDS) if (need.parent !== null) expect(codes.has(need.parent), need.code).toBe(true)
    expect(SERAFIN_PH_NEEDS.filter((need) => need.parent === null).map((need) => need.code)).toEqual(['1.1', '1.2', '1.3'])
    expect(SERAFIN_PH_SOURCE.valueSetVersion).toBe('20241025120000')
  })

  it('names the needs the issue quotes with their official labels', () => {
    expect(serafinLabel('1.2.1.1')).toBe('Besoins en lien avec l’entretien personnel')
    expect(serafinLabel('1.2.1.4')).toBe('Besoins pour prendre des décisions adaptées et pour la sécurité')
    expect(serafinLabel('1.3.1.1')).toBe('Besoins pour accéder aux droits et à la citoyenneté')
    expect(serafinLabel('1.3.2.1')).toBe('Besoins pour vivre dans un logement')
    expect(serafinLabel('1.3.3.2')).toBe('Besoins en lien avec le travail et l’emploi')
    expect(serafinLabel('1.3.4.2')).toBe('Besoins pour se déplacer avec un moyen de transport')
    expect(serafinLabel('1.3.5.1')).toBe('Besoins en matière de ressources et d’autosuffisance économique')
    expect(isSerafinNeedCode('1.3.3.9')).toBe(false)
  })

  it('finds needs by a French word without accents, or by the start of a code', () => {
    expect(searchSerafinNeeds('emploi')[0]!.code).toBe('1.3.3.2')
    expect(searchSerafinNeeds('mobilite').map((need) => need.code)).toContain('1.2.1.3')
    expect(searchSerafinNeeds("l'emploi")[0]!.code).toBe('1.3.3.2')
    expect(searchSerafinNeeds('1.3.4').map((need) => need.code)).toEqual(['1.3.4.1', '1.3.4.2', '1.3.4'])
    expect(searchSerafinNeeds('santé somatique').map((need) => need.code)).toEqual(['1.1'])
  })
})
