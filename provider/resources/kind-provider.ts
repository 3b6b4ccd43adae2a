// Turns a resource kind's definition (its io-ts codec, identity properties and platform
// operations) into the pulumi.dynamic.ResourceProvider the engine calls. Every kind gets the
// same check (decode, then semantic rules, every problem at once), the same pure diff, and
// read/refresh semantics: a vanished object is reported gone, drift comes back as inputs.
import type * as pulumi from "@pulumi/pulumi";
import { diffProperties } from "../plan";
import { decodeInputs, describeProblems, type InputProblem, type StrictObjectType } from "./input-validation";

/** What the engine passes for values not known during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface KindDefinition<I extends object, S extends I> {
  /** "Site", "Subscriber", ... (for messages). */
  readonly kind: string;
  readonly inputs: StrictObjectType<I>;
  /** Input properties whose change means a new platform object (its name, its customer). */
  readonly replaceOn: readonly (keyof I & string)[];
  /** Rules beyond the shape: cross-property checks, planner validation. `olds` are the old inputs. */
  validate?(inputs: I, olds: Partial<I> | undefined): InputProblem[];
  /** "site Cu1Si1", for messages. */
  describe(inputs: I): string;
  /** Provider configuration (stack config) for the kind's platform clients. */
  configure?(config: (key: string) => string | undefined): void;
  create(inputs: I): Promise<{ id: string; state: S }>;
  /** The object as the platform has it now, or undefined when it is gone. */
  read(id: string, state: S): Promise<S | undefined>;
  update(id: string, olds: S, news: I): Promise<S>;
  delete(id: string, state: S): Promise<void>;
}

/**
 * A create or update that did part of its work: `state` is what was applied (and must be
 * recorded), `reasons` say what failed. The engine records the state with the reasons as
 * initialization errors, and the next `up` updates the resource again.
 */
export class PartialFailure<S> extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly state: S,
    readonly reasons: readonly string[],
  ) {
    super(message);
    this.name = "PartialFailure";
  }
}

/** The error shape Pulumi's Node dynamic-provider host turns into a recorded partial state. */
function forEngine(error: unknown, providerText: unknown): unknown {
  if (!(error instanceof PartialFailure)) return error;
  // The host does not add `__provider` to these properties as it does to outputs; without it
  // the next read or delete of the resource could not load its provider.
  return Object.assign(new Error(error.message), {
    id: error.id,
    properties: { ...plainJson(error.state as object), __provider: providerText },
    reasons: [...error.reasons],
  });
}

export function kindProvider<I extends object, S extends I>(definition: KindDefinition<I, S>): pulumi.dynamic.ResourceProvider {
  const inputKeys = definition.inputs.propertyNames;
  const decodeOrThrow = (inputs: unknown): I => {
    const decoded = decodeInputs(definition.inputs, withoutProvider(inputs));
    if (!decoded.ok) throw new Error(describeProblems(`${definition.kind} inputs`, decoded.problems));
    return decoded.value;
  };
  const inputsOf = (state: S): Record<string, unknown> =>
    Object.fromEntries(inputKeys.filter((k) => (state as Record<string, unknown>)[k] !== undefined).map((k) => [k, (state as Record<string, unknown>)[k]]));

  return {
    async configure(req) {
      require("../core/engine-health").startEngineHealthCheck();
      definition.configure?.((key) => req.config.get(key));
    },

    async check(olds, news) {
      // During preview a value may be unknown; it is validated again when create/update run.
      if (JSON.stringify(news).includes(UNKNOWN_VALUE)) return { inputs: news };
      const decoded = decodeInputs(definition.inputs, withoutProvider(news));
      if (!decoded.ok) return { inputs: news, failures: [...decoded.problems] };
      const oldInputs = olds && Object.keys(withoutProvider(olds)).length > 0 ? (withoutProvider(olds) as Partial<I>) : undefined;
      const problems = definition.validate?.(decoded.value, oldInputs) ?? [];
      return { inputs: news, failures: problems.map((p) => ({ property: p.property, reason: p.reason })) };
    },

    async diff(_id, olds, news) {
      const diff = diffProperties(olds, news, inputKeys, definition.replaceOn);
      return { changes: diff.changes, replaces: [...diff.replaces], deleteBeforeReplace: diff.replaces.length > 0 };
    },

    async create(inputs) {
      const desired = decodeOrThrow(inputs);
      try {
        const { id, state } = await definition.create(desired);
        return { id, outs: plainJson(state) };
      } catch (error) {
        throw forEngine(error, (inputs as Record<string, unknown>).__provider);
      }
    },

    async read(id, props) {
      const current = await definition.read(id, props as S);
      // No id tells the engine the object no longer exists.
      if (current === undefined) return {};
      return { id, props: plainJson(current), inputs: plainJson(inputsOf(current)) };
    },

    async update(id, olds, news) {
      const desired = decodeOrThrow(news);
      try {
        return { outs: plainJson(await definition.update(id, olds as S, desired)) };
      } catch (error) {
        throw forEngine(error, (news as Record<string, unknown>).__provider);
      }
    },

    async delete(id, props) {
      await definition.delete(id, props as S);
    },
  };
}

/** The engine takes plain JSON only: an `undefined` property fails with "Unexpected struct type". */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function withoutProvider(inputs: unknown): Record<string, unknown> {
  const { __provider: _ignored, ...rest } = (inputs ?? {}) as Record<string, unknown>;
  return rest;
}
