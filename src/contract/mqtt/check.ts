import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { PAYLOAD_SCHEMAS } from './payloads.js';

export type PayloadKind = keyof typeof PAYLOAD_SCHEMAS;

/**
 * Compiled validators, one per payload kind. Compiled lazily and kept by the caller (an Uplink
 * or a test), never in a module-level cache, so nothing outlives its owner.
 */
export class PayloadChecker {
  private readonly compiled = new Map<PayloadKind, TypeCheck<TSchema>>();

  private checkerOf(kind: PayloadKind): TypeCheck<TSchema> {
    let check = this.compiled.get(kind);
    if (check === undefined) {
      check = TypeCompiler.Compile(PAYLOAD_SCHEMAS[kind]);
      this.compiled.set(kind, check);
    }
    return check;
  }

  check(kind: PayloadKind, value: unknown): boolean {
    return this.checkerOf(kind).Check(value);
  }

  /** The first few problems, as `path: message` lines, for replies and test failures. */
  problems(kind: PayloadKind, value: unknown, max = 3): string[] {
    const out: string[] = [];
    for (const e of this.checkerOf(kind).Errors(value)) {
      out.push(`${e.path === '' ? '(payload)' : e.path}: ${e.message}`);
      if (out.length >= max) break;
    }
    return out;
  }
}
