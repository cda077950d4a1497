/** One thing wrong with a bundle: which validator saw it, where (a FHIRPath-like path), and what. */
export interface FhirProblem {
  validator: 'bundle' | 'schema' | 'structure' | 'rules'
  path: string
  message: string
}

export const describeProblem = (problem: FhirProblem): string => `${problem.path}: ${problem.message} (${problem.validator})`
