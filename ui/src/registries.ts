// Registry endpoints as the API returns them, and Harbor's display names of the providers.

export interface Registry {
  id: number;
  name: string;
  type: string;
  url: string;
  description?: string;
  insecure?: boolean;
  status?: string;
  creation_time?: string;
  credential?: { type?: string; access_key?: string; access_secret?: string };
}

const PROVIDER_NAMES: Record<string, string> = {
  'ali-acr': 'Alibaba Cloud ACR',
  'aws-ecr': 'Aws ECR',
  'azure-acr': 'Azure ACR',
  'docker-hub': 'Docker Hub',
  'docker-registry': 'Docker Registry',
  gitlab: 'Gitlab',
  'google-gcr': 'Google GCR',
  harbor: 'Harbor',
  'helm-hub': 'Helm Hub',
  'artifact-hub': 'Artifact Hub',
  'huawei-SWR': 'Huawei SWR',
  'jfrog-artifactory': 'JFrog Artifactory',
  quay: 'Quay',
  dtr: 'DTR',
  'tencent-tcr': 'Tencent TCR',
  'github-ghcr': 'Github GHCR',
  'volcengine-cr': 'VolcEngine CR',
};

export function providerName(type: string): string {
  return PROVIDER_NAMES[type] ?? type;
}

// Endpoint types a proxy-cache project may use (Harbor's NEW PROJECT list).
export const PROXY_CACHE_TYPES = [
  'docker-hub', 'harbor', 'azure-acr', 'ali-acr', 'aws-ecr', 'google-gcr', 'quay',
  'docker-registry', 'github-ghcr', 'jfrog-artifactory',
];

export interface EndpointPattern {
  endpoint_type?: string; // EndpointPatternTypeList | EndpointPatternTypeFix | EndpointPatternTypeStandard
  endpoints?: { key: string; value: string }[];
}
export interface AdapterInfo {
  endpoint_pattern?: EndpointPattern;
  credential_pattern?: { access_key_type?: string; access_key_data?: string; access_secret_type?: string };
}
