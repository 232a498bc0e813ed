/** Tables owned by webhooks: webhook subscriptions and deliveries. Conventions in ../schema.ts. */

export interface WebhookSubscriptionTable {
  id: string;
  organisation_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** Signing secret, encrypted under a key derived from DATA_KEY. */
  secret: string;
  description: string | null;
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  organisation_id: string;
  subscription_id: string;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}
