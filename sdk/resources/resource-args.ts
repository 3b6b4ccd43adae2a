import type * as pulumi from "@pulumi/pulumi";
import type * as t from "io-ts";

/** A codec's decoded type as users write it: plain strings where the codec brands them. */
export type Plain<T> = T extends string
  ? T extends t.Brand<unknown>
    ? string
    : T
  : T extends readonly (infer U)[]
    ? readonly Plain<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Plain<T[K]> }
      : T;

/** Resource arguments: each top-level property may be an Output of another resource. */
export type ResourceArgs<T> = { readonly [K in keyof T]: pulumi.Input<Plain<T[K]>> };
