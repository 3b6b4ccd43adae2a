import { expect } from "chai";
import { checkCucmReferences, type ClusterCatalog, type CucmReferencingDefinition } from "../../../provider/plan";

const catalog: ClusterCatalog = {
  routeLists: ["Fabrikam-PSTN-RL"],
  sipTrunks: ["SBC-Trunk"],
  gateways: [],
  voicemailProfiles: ["NoVoiceMail", "Fabrikam-VM"],
  phoneButtonTemplates: ["Standard 8845 SIP", "Standard 8865 SIP"],
  phoneSecurityProfiles: ["Cisco 8845 - Standard SIP Non-Secure Profile"],
  sipProfiles: ["Standard SIP Profile"],
  serviceProfiles: ["Fabrikam-Jabber"],
  ipPhoneServices: ["Extension Mobility"],
  callManagerGroups: ["Default"],
  dateTimeGroups: ["CMLocal"],
  regions: ["Default"],
  srsts: ["Disable"],
  presenceGroups: ["Standard Presence group"],
  commonPhoneConfigs: ["Standard Common Phone Profile"],
  userGroups: ["Standard CCM End Users", "Standard CTI Enabled"],
};

const definition: CucmReferencingDefinition = {
  clusters: [{ name: "Cluster1", dialPlan: { gateway: "fabrikam-pstn-rl" }, voicemail: { profile: "Fabrikam-VM" } }],
  sites: [{ code: "Cu2Si1", cucm: { cluster: "Cluster1" } }],
  profiles: [
    { name: "Office", extensionMobility: true, quickAddGroup: { phone: { product: "Cisco 8845", protocol: "SIP", buttonTemplate: "Standard 8845 SIP" } } },
    { name: "Engineering", quickAddGroup: { serviceProfile: "Fabrikam-Jabber" } },
  ],
};

describe("plan: Unified CM references", () => {
  it("finds every name on the cluster, ignoring case as Unified CM does", () => {
    expect(checkCucmReferences(definition, { Cluster1: catalog })).to.deep.equal([]);
  });

  it("names each missing object with its path, what the cluster has and the fix", () => {
    const problems = checkCucmReferences(
      {
        ...definition,
        clusters: [{ name: "Cluster1", dialPlan: { gateway: "SBC-Dallas" }, voicemail: { profile: "VM" }, defaults: { region: "Texas" } }],
        profiles: [{ name: "Sales", extensionMobility: true, quickAddGroup: { phone: { product: "Cisco 8865", protocol: "SIP", buttonTemplate: "Standard 8865 SIP" }, serviceProfile: "Jabber" } }],
      },
      { Cluster1: { ...catalog, ipPhoneServices: [] } },
    );
    expect(problems).to.deep.equal([
      'clusters[0].dialPlan.gateway: cluster Cluster1 has no route list, SIP trunk or gateway "SBC-Dallas"; it has Fabrikam-PSTN-RL, SBC-Trunk; name the one outside calls leave through',
      'clusters[0].voicemail.profile: cluster Cluster1 has no voicemail profile "VM"; it has NoVoiceMail, Fabrikam-VM; name the profile whose pilot reaches Unity Connection',
      'clusters[0].defaults.region: cluster Cluster1 has no region "Texas"; it has Default; name one the cluster has',
      "profiles[0].quickAddGroup.phone.product (profile Sales): cluster Cluster1 has no phone model \"Cisco 8865\" (no phone security profile \"Cisco 8865 - Standard SIP Non-Secure Profile\"); it has Cisco 8845; name the model as Unified CM does (e.g. \"Cisco 8845\"), or give securityProfile if the model's profiles have other names",
      'profiles[0].quickAddGroup.serviceProfile (profile Sales): cluster Cluster1 has no service profile "Jabber"; it has Fabrikam-Jabber; name one the cluster has',
      "profiles[0].extensionMobility (profile Sales): cluster Cluster1 has no IP phone service \"Extension Mobility\"; activate Extension Mobility on the cluster (Cisco Extension Mobility service and its IP phone service)",
    ]);
  });

  it("checks the defaults ucflow fills in, and only clusters a site uses and that were read", () => {
    const problems = checkCucmReferences(definition, { Cluster1: { ...catalog, dateTimeGroups: ["Europe-DTG"] } });
    expect(problems).to.deep.equal(['clusters[0].defaults.dateTimeGroup: cluster Cluster1 has no date/time group "CMLocal"; it has Europe-DTG; it is the default; set defaults.dateTimeGroup to one the cluster has']);
    expect(checkCucmReferences({ ...definition, sites: [{ code: "Cu2Si1" }] }, { Cluster1: { ...catalog, regions: [] } })).to.deep.equal([]);
    expect(checkCucmReferences(definition, {})).to.deep.equal([]);
  });
});
