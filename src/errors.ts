// An error the user caused and can fix: its message (Vietnamese) is shown as is, without a stack trace.
export class UserError extends Error {}
