/** The text of `contract.ts` (without the "generated" header) for a parsed openapi.yaml; throws when the contract is inconsistent. */
export function renderContract(spec: unknown): string;
