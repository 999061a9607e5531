/** Anomalies found so far: Elle's name -> evidence list. */
export type Anomalies = Map<string, unknown[]>;

export function addAnomaly(anomalies: Anomalies, name: string, evidence: unknown): void {
  const list = anomalies.get(name);
  if (list === undefined) anomalies.set(name, [evidence]);
  else list.push(evidence);
}
