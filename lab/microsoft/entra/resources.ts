// The resource applications the lab's tenant knows (what a `scope` of `<resource>/.default` may
// name) and the directory roles that matter to ucflow.

export interface ResourceApplication {
  readonly appId: string;
  readonly displayName: string;
  /** Application ID URIs; a scope may name the resource by one of these or by its app id. */
  readonly identifierUris: readonly string[];
}

export const MICROSOFT_GRAPH: ResourceApplication = {
  appId: "00000003-0000-0000-c000-000000000000",
  displayName: "Microsoft Graph",
  identifierUris: ["https://graph.microsoft.com"],
};

/** "Skype and Teams Tenant Admin API" (reference §5.2): the ConfigAPI's token audience. */
export const TEAMS_ADMIN_API: ResourceApplication = {
  appId: "48ac35b8-9aa8-4d74-927d-1f4a14a0b239",
  displayName: "Skype and Teams Tenant Admin API",
  identifierUris: [],
};

export const RESOURCE_APPLICATIONS: readonly ResourceApplication[] = [MICROSOFT_GRAPH, TEAMS_ADMIN_API];

/** Audiences Graph accepts on a token: its URI (with or without the slash) and its app id. */
export const GRAPH_AUDIENCES: readonly string[] = ["https://graph.microsoft.com", "https://graph.microsoft.com/", MICROSOFT_GRAPH.appId];
export const TEAMS_ADMIN_AUDIENCES: readonly string[] = [TEAMS_ADMIN_API.appId];

/** The resource a scope's resource part names, matched as Entra does (case-insensitive, trailing slash ignored). */
export function findResource(resource: string): ResourceApplication | undefined {
  const wanted = resource.replace(/\/+$/, "").toLowerCase();
  return RESOURCE_APPLICATIONS.find((app) => app.appId === wanted || app.identifierUris.some((uri) => uri.toLowerCase() === wanted));
}

/** Directory role template ids (the `wids` claim). */
export const DIRECTORY_ROLES = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  teamsAdministrator: "69091246-20e8-4a56-aa4d-066075b2a7a8",
  teamsCommunicationsAdministrator: "baf37b3a-610e-45da-9e62-d9d1e5e8914b",
} as const;

/** Roles that may use the Teams admin API (reference §5.3: a 403 means a missing Teams admin role). */
export const TEAMS_ADMIN_ROLES: readonly string[] = [DIRECTORY_ROLES.globalAdministrator, DIRECTORY_ROLES.teamsAdministrator, DIRECTORY_ROLES.teamsCommunicationsAdministrator];

/** Application permissions on Microsoft Graph (values of the `roles` claim). */
export const GRAPH_PERMISSIONS = {
  usersRead: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  usersWrite: ["User.ReadWrite.All", "Directory.ReadWrite.All"],
  licensesWrite: ["LicenseAssignment.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"],
  organizationRead: ["Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "LicenseAssignment.Read.All", "LicenseAssignment.ReadWrite.All"],
  numbersRead: ["TeamsTelephoneNumber.Read.All", "TeamsTelephoneNumber.ReadWrite.All"],
  numbersWrite: ["TeamsTelephoneNumber.ReadWrite.All"],
  policyAssign: ["TeamsPolicyUserAssign.ReadWrite.All"],
  userConfigurationsRead: ["TeamsUserConfiguration.Read.All"],
  groupsRead: ["GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  groupMembersRead: ["GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  groupMembersWrite: ["GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"],
  /** user-list-memberof, another user's memberships, application: Directory.Read.All (least privileged) or Directory.ReadWrite.All. */
  memberOfRead: ["Directory.Read.All", "Directory.ReadWrite.All"],
} as const;
