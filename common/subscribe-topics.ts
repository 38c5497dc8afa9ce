/**
 * Which subscribe-message templates (订阅消息) the app asks a user to accept, by the tap that asks. WeChat shows at
 * most 3 templates per request, each accepted once per message sent, and only from a tap — so the pages ask again
 * on the taps that naturally precede the next message (signing in to a meeting → the next meeting's notice).
 * The keys are those `cloudfunctions/_lib/notify.ts` sends; their WeChat template ids are deployment settings
 * (`XZ_SUBSCRIBE_TEMPLATES`), handed to the client by `system.subscribeTemplates`.
 */
export const SUBSCRIBE_TOPICS = {
  /** A member signs in, joins remotely or asks for leave. */
  meetings: ['meeting_notice', 'meeting_reminder', 'meeting_cancelled'],
  /** A member asks for leave: the secretary's decision, and the next meeting's notice or cancellation. */
  leave: ['leave_decision', 'meeting_notice', 'meeting_cancelled'],
  /** An organiser calls a meeting: members' leave requests come to the secretary. */
  organiser: ['leave_request'],
  /** A member or representative votes on a matter (议题). */
  deliberation: ['deliberation_notice', 'deliberation_voting', 'deliberation_reminder'],
  /** A resident's request (诉求) is raised: the reply, and after 办结 the reminder to rate it, go to its resident. */
  requests: ['request_reply', 'request_rate'],
  /** A cadre or organiser acts on a request: its deadlines (near, passed) and hand-ups to their level come to them. */
  requestHandler: ['request_deadline', 'request_escalated'],
  /** A 红白事 filing is sent: the council's review comes back to the filer. */
  council: ['council_review'],
} as const satisfies Record<string, readonly string[]>

export type SubscribeTopic = keyof typeof SUBSCRIBE_TOPICS
