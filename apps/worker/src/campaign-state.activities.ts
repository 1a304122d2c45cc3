import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { campaignWorkflowId } from '@ctg/domain';
import { signatorySnapshotQuery } from '@ctg/contracts';
import type { CampaignStateActivities } from '@ctg/contracts';
import type { SignatorySnapshot } from '@ctg/contracts';

/** A campaign that Temporal no longer holds (closed, past its retention): nothing is awaited any more. */
const GONE: SignatorySnapshot = { status: 'pending', deliberationDeadline: new Date(0).toISOString(), remindersSent: 0, closed: true };

/** Answers from the campaign workflow's own state, through a query: it holds every vote it accepted. */
export function createCampaignStateActivities(temporal: Client): CampaignStateActivities {
  return {
    async signatoryState(campaignId: string, signatoryId: string): Promise<SignatorySnapshot> {
      try {
        const snapshot = await temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(signatorySnapshotQuery, signatoryId);
        if (!snapshot) throw new Error(`campaign ${campaignId} has no signatory ${signatoryId}`);
        return snapshot;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return GONE;
        throw error;
      }
    },
  };
}
