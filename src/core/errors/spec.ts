/**
 * The shape of one catalog entry. `message` is a template: `{name}` is replaced by the
 * parameter of that name. `hint` is the sentence a technician can act on. `status` is the
 * HTTP status where the error meets HTTP; `exit` is the command-line exit code (1 runtime,
 * 2 usage or configuration).
 */
export interface ErrorSpec {
  readonly message: string;
  readonly hint?: string;
  readonly status?: number;
  readonly exit?: 1 | 2;
}

export type ErrorTable = Readonly<Record<`SC_ERR_${string}`, ErrorSpec>>;
