import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { PAYLOAD_SCHEMAS } from '../../contract/mqtt/index.js';

type Kind = keyof typeof PAYLOAD_SCHEMAS;

/** Compiled checks of the contract payloads: the first problem names the field. */
export class PayloadValidator {
  private readonly checks = new Map<Kind, TypeCheck<TSchema>>();

  check(kind: Kind, value: unknown): string | undefined {
    let check = this.checks.get(kind);
    if (check === undefined) {
      check = TypeCompiler.Compile(PAYLOAD_SCHEMAS[kind]);
      this.checks.set(kind, check);
    }
    if (check.Check(value)) return undefined;
    const first = check.Errors(value).First();
    return first === undefined ? 'does not match the contract' : `${first.path === '' ? '(payload)' : first.path}: ${first.message}`;
  }
}
