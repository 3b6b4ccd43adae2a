// The stack config that points a project's ucflow programs and providers at a running lab's
// LDAP directory, Unified CM cluster (AXL) and Unity Connection (CUPI), with the lab's
// accounts (passwords stored encrypted, as a user's would be), set the way the docs tell users
// to: structured values by path.
import type { LabHandle } from "../../lab";
import { LAB_AXL_ADMIN } from "../../lab/cisco";
import { LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../lab/cisco/cupi";
import type { EngineProject } from "./harness";

export async function setLdapLabConfig(project: EngineProject, lab: LabHandle): Promise<void> {
  const ldap = lab.endpoints.ldap!;
  await project.setConfig("ucflow:ldapUrl", ldap.ldapsUrl);
  await project.setConfig("ucflow:ldapBindDn", ldap.bindDn);
  await project.setConfig("ucflow:ldapBindPassword", ldap.bindPassword, { secret: true });
  await project.setConfig("ucflow:ldapBaseDn", ldap.baseDn);
}

/** `cluster` is the name the definition gives the cluster; `service` the lab's AXL service serving it. */
export async function setClusterLabConfig(project: EngineProject, lab: LabHandle, cluster = "Cluster1", service = "axl"): Promise<void> {
  await project.setConfig(`ucflow:clusters.${cluster}.host`, lab.endpoints.services[service]!, { path: true });
  await project.setConfig(`ucflow:clusters.${cluster}.username`, LAB_AXL_ADMIN.userid, { path: true });
  await project.setConfig(`ucflow:clusters.${cluster}.password`, LAB_AXL_ADMIN.password, { path: true, secret: true });
}

/** `name` is the Unity Connection the definition's cluster voicemail names; `service` the lab's CUPI service. */
export async function setUnityConnectionLabConfig(project: EngineProject, lab: LabHandle, name = "UCxn1", service = "cupi"): Promise<void> {
  await project.setConfig(`ucflow:unityConnections.${name}.baseUrl`, lab.endpoints.services[service]!, { path: true });
  await project.setConfig(`ucflow:unityConnections.${name}.username`, LAB_CUPI_USERNAME, { path: true });
  await project.setConfig(`ucflow:unityConnections.${name}.password`, LAB_CUPI_PASSWORD, { path: true, secret: true });
}
