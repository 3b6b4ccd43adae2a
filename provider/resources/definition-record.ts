// Kinds that are definitions rather than platform objects (model filter criteria, number
// inventory, subscriber profiles, flow-through criteria): ucflow keeps them in state so a
// preview shows every change to them and `check` validates them, but nothing is written to a
// platform. Their effect reaches the platform through the subscribers planned from them.
import type { KindDefinition } from "./kind-provider";

export type RecordDefinition<I extends object> = Omit<KindDefinition<I, I>, "create" | "read" | "update" | "delete"> & {
  /** The record's id, e.g. "Cu1/Standard". */
  idOf(inputs: I): string;
};

export function definitionRecord<I extends object>(definition: RecordDefinition<I>): KindDefinition<I, I> {
  return {
    ...definition,
    async create(inputs) {
      return { id: definition.idOf(inputs), state: inputs };
    },
    async read(_id, state) {
      return state;
    },
    async update(_id, _olds, news) {
      return news;
    },
    async delete() {
      // Nothing on a platform to remove.
    },
  };
}
