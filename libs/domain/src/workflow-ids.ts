/**
 * Workflow ids are derived from the campaign and signatory ids (whose alphabet has no colon), so a
 * repeated start finds the running workflow instead of starting a second one.
 */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign:${campaignId}`;
}

export function deliberationWorkflowId(campaignId: string, signatoryId: string): string {
  return `campaign:${campaignId}:signatory:${signatoryId}`;
}
