// The channel-agnostic shape of a conversation: what comes in from Telegram,
// Zalo or the terminal, and what goes back out. No channel library here.

export type ChannelName = "telegram" | "zalo" | "console";

export interface Inbound {
  channel: ChannelName;
  /** The sender's id on the channel (Telegram user id, Zalo user id, "console:<title>"). */
  senderId: string;
  displayName?: string;
  /** The channel's own id of this message, used to drop redeliveries. */
  messageId?: string;
  /** What the person typed. */
  text?: string;
  /** A tapped button's payload (see Button.payload). */
  payload?: string;
  /** Attachments (Zalo images/files), kept as evidence references. */
  attachments?: { type: string; url: string; name?: string }[];
  /** The channel's raw update, stored before anything is interpreted. */
  raw: unknown;
}

export interface Button {
  label: string;
  /** At most 60 ASCII bytes: fits Telegram's 64-byte callback_data and Zalo's query payloads. */
  payload: string;
}

export interface OutFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface Outbound {
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  files?: OutFile[];
}

export type Role = "officer" | "coordinator" | "leader" | "admin";
