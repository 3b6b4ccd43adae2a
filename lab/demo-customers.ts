// The customers `ucflow demo` provisions into the lab, and how it tells that destroy gave the
// lab back its seed. The definitions are the examples' files (examples/teams-customer,
// examples/cucm-customer), read by the root program (examples/customer) through the stack
// config key `customerFile`, as a user's stack would.
import type { AxlClusterState } from "./cisco";
import { everyClusterObject } from "./cisco";
import type { CupiState } from "./cisco/cupi";
import type { LabControlClient } from "./control/control-client";
import type { GraphState } from "./microsoft";

/** What a demo customer's platforms hold, in a form two readings can be compared in. */
export interface PlatformReading {
  /** Equal readings are the same platform state. */
  readonly key: string;
  /** One line for the log, e.g. "412 objects on Cluster1, 3 mailboxes on Unity Connection". */
  readonly summary: string;
}

export interface DemoCustomer {
  /** What `--customer` takes, and the stack's name. */
  readonly name: string;
  readonly title: string;
  /** The definition, relative to the repository. */
  readonly definitionFile: string;
  /** Reads the platforms the customer is provisioned on. */
  read(control: LabControlClient): Promise<PlatformReading>;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    name: "contoso",
    title: "Contoso, a Microsoft Teams customer, into the lab's tenant",
    definitionFile: "examples/teams-customer/contoso.yaml",
    async read(control) {
      const graph = (await control.state("graph")) as GraphState;
      const licensed = graph.users.filter((u) => u.properties.assignedLicenses.length > 0).length;
      const assigned = graph.numbers.filter((n) => n.assignmentTargetId).length;
      return {
        // Licences and numbers are what ucflow gives a Teams user; destroy must take back exactly those.
        key: JSON.stringify({
          licenses: graph.users.map((u) => [u.properties.id, u.properties.assignedLicenses.map((l) => l.skuId).sort()]),
          numbers: graph.numbers.map((n) => [n.telephoneNumber, n.assignmentTargetId ?? null]),
        }),
        summary: `${licensed} of ${graph.users.length} users licensed, ${assigned} numbers assigned`,
      };
    },
  },
  {
    name: "fabrikam",
    title: "Fabrikam, a Unified CM customer from the lab's LDAP directory, onto cluster Cluster1",
    definitionFile: "examples/cucm-customer/fabrikam.yaml",
    async read(control) {
      const objects = everyClusterObject((await control.state("axl")) as AxlClusterState);
      const mailboxes = ((await control.state("cupi")) as CupiState).users.map((u) => u.Alias).sort();
      return {
        key: JSON.stringify({ objects: [...objects].sort(([a], [b]) => a.localeCompare(b)), mailboxes }),
        summary: `${objects.size} objects on Cluster1, ${mailboxes.length} mailboxes on Unity Connection`,
      };
    },
  },
];

/** The customers `--customer` names, in the order given; all of them when none is named. */
export function demoCustomersNamed(names: readonly string[]): DemoCustomer[] {
  if (names.length === 0) return [...DEMO_CUSTOMERS];
  const unknown = names.filter((name) => !DEMO_CUSTOMERS.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new Error(`--customer ${JSON.stringify(unknown[0])} is not a demo customer; the demo customers are ${DEMO_CUSTOMERS.map((c) => c.name).join(" and ")}`);
  }
  return [...new Set(names)].map((name) => DEMO_CUSTOMERS.find((c) => c.name === name)!);
}
