/**
 * Workflow ids are derived from the campaign id (whose alphabet has no colon), so a
 * repeated start finds the running workflow instead of starting a second one.
 */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign:${campaignId}`;
}
