export const VMS_SERVICE = 'vms';
export const VMS_VERSION = '2022-01-01';
export const DEFAULT_REGION = 'cn-north-1';
export const DEFAULT_ENDPOINT = 'https://cloud-vms.volcengineapi.com';
