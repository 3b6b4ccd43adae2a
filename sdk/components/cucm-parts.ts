// The Unified CM side of a customer: on each cluster its sites use, the customer's dial plan
// (partitions and route patterns), the sites (device pool, location, calling search spaces),
// and the cluster's subscriber sets. A site waits for its cluster's dial plan (its calling
// search spaces list the customer's partitions); every subscriber set waits for the
// flow-through guard, the cluster's dial plan and its sites.
import { CUCM_SITE_DEFAULTS, groupIntoSets, subscriberSetName, type PlannedCucmSubscriber } from "../../provider/plan";
import { ClusterDialPlan } from "../resources/cluster-dial-plan";
import { CucmSite } from "../resources/cucm-site";
import { SubscriberSet } from "../resources/subscriber-set";
import type { CustomerParts } from "./customer";

export function buildCucmParts(parts: CustomerParts): SubscriberSet[] {
  const { args, code, child, component, account, criteria, setCount, plan } = parts;
  const cucmSites = args.sites.filter((s) => s.cucm !== undefined);
  const classesOfService = (args.classesOfService ?? []).map((c) => ({ name: c.name, allows: [...c.allows] }));
  const sets: SubscriberSet[] = [];
  for (const cluster of args.clusters ?? []) {
    const onCluster = cucmSites.filter((s) => s.cucm!.cluster === cluster.name);
    if (onCluster.length === 0) continue;
    const dialPlan = new ClusterDialPlan(child(`dial-plan-${cluster.name}`), {
        customer: code,
        cluster: cluster.name,
        dialPlan: cluster.dialPlan,
        ...(args.customer.adoption ? { adoption: args.customer.adoption } : {}),
        ...(cluster.existingDialPlan ? { existing: cluster.existingDialPlan } : {}),
      }, { parent: component, dependsOn: [account] });
    const defaults = { ...CUCM_SITE_DEFAULTS, ...cluster.defaults };
    const sites = onCluster.map(
      (s) =>
        new CucmSite(
          child(`site-${s.code}`),
          {
            customer: code,
            code: s.code,
            name: s.name,
            cluster: cluster.name,
            dialPlan: cluster.dialPlan,
            classesOfService,
            defaults,
            ...(s.timeZone ? { timeZone: s.timeZone } : {}),
            ...(s.adoption ? { adoption: s.adoption } : {}),
            ...(s.cucm!.existing ? { existing: s.cucm!.existing } : {}),
          },
          { parent: component, dependsOn: [dialPlan] },
        ),
    );
    const subscribers = plan.cucm.filter((s) => s.cluster === cluster.name);
    // Sites that adopt or name their own objects: their subscribers' lines and phones follow.
    const placed = Object.fromEntries(
      onCluster.filter((s) => s.adoption !== undefined || s.cucm!.existing !== undefined).map((s) => [s.code, { ...(s.adoption ? { adoption: s.adoption } : {}), ...(s.cucm!.existing ? { existing: s.cucm!.existing } : {}) }]),
    );
    groupIntoSets(subscribers, (s) => s.userId, setCount).forEach((members, index) =>
      sets.push(
        new SubscriberSet(
          subscriberSetName(code, index, setCount, cluster.name),
          {
            customer: code,
            platform: "cucm",
            cluster: cluster.name,
            set: index,
            sets: setCount,
            ...(cluster.voicemail ? { voicemail: { template: "voicemailusertemplate", ...cluster.voicemail } } : {}),
            presenceGroup: defaults.presenceGroup,
            ...(cluster.existingDialPlan ? { linePartition: cluster.existingDialPlan.linePartition } : {}),
            ...(Object.keys(placed).length > 0 ? { sites: placed } : {}),
            subscribers: Object.fromEntries(members.map((s) => [s.userId, cucmEntry(s)])),
          },
          { parent: component, dependsOn: [criteria, dialPlan, ...sites] },
        ),
      ),
    );
  }
  return sets;
}

/** A planned subscriber as its set's entry (CucmSubscriberEntry): what a reviewer reads in the preview. */
function cucmEntry(s: PlannedCucmSubscriber) {
  return {
    userid: s.userid,
    ...(s.firstName ? { firstName: s.firstName } : {}),
    lastName: s.lastName,
    ...(s.displayName ? { displayName: s.displayName } : {}),
    ...(s.mail ? { mail: s.mail } : {}),
    ...(s.department ? { department: s.department } : {}),
    ...(s.mobile ? { mobile: s.mobile } : {}),
    site: s.site,
    profile: s.profile,
    criteria: s.criteria,
    extension: s.extension,
    ...(s.did ? { did: s.did } : {}),
    classOfService: s.classOfService,
    services: s.services,
    ...(s.role ? { role: s.role } : {}),
    ...(s.role && s.accessControlGroups ? { accessControlGroups: [...s.accessControlGroups] } : {}),
  };
}
