// The Transport interface: SMTP through nodemailer and the outbox folder both
// sit behind it, as nodemailer's own transports are anything with `send()`.
// One transport per run, closed at the end.

/** One message ready to go to one recipient. */
export interface OutgoingMessage {
  to: string;
  /** Envelope sender and From header. */
  from: string;
  /** Stable for (issue, subscriber), so a resend after a crash is the same message. */
  messageId: string;
  /**
   * The complete RFC 5322 message (headers and body), already personalised.
   * Transports send these bytes as they are, and must not read them after
   * send() resolves: the sender reuses the buffer for its next message.
   */
  raw: Buffer;
  /** The run's stop: a transport waiting before it sends (a relay's rate limit) stops waiting when it aborts. */
  signal?: AbortSignal;
  /**
   * True for a mail that is one of several distinct ones to the same
   * recipient (each confirmation mail carries its own link), not a resend of
   * one message: the outbox keeps it in a file of its own rather than
   * replacing the last one to that address. SMTP ignores it.
   */
  distinct?: boolean;
}

/** What the server answered. `code` is the SMTP reply code when there was one. */
export interface SendOutcome {
  /** 'sent': accepted; 'temporary': 4xx or connection trouble, retry later; 'permanent': 5xx, do not retry. */
  status: 'sent' | 'temporary' | 'permanent';
  code?: number;
  response: string;
  /** The SMTP command the answer came to ('RCPT TO', 'DATA', …) when known: a 5xx at RCPT TO is about the address. */
  command?: string;
  /** True when no server answered about this message (refused, dropped, timed out): the relay's trouble, not the recipient's. */
  connection?: boolean;
  /** The relay that answered (host:port) when SMTP_URL lists several. */
  relay?: string;
  /** True when the transport gave up before handing the message over, because the run stopped: nothing was sent. */
  stopped?: boolean;
}

export interface Transport {
  readonly name: string;
  /** Connections across all relays, when SMTP_URL lists several: how many messages may be in flight. */
  readonly connections?: number;
  /**
   * Sends one message; never throws for an SMTP answer about the message, only
   * reports it. Rejects with GazetteError('TRANSPORT') when the transport itself
   * cannot work (authentication refused, sender refused, outbox not writable):
   * then no recipient is to blame and the run must stop.
   */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Closes pooled connections; the transport is unusable afterwards. */
  close(): Promise<void>;
}
