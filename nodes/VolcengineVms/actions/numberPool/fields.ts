import { integerField, textField } from '../fields';

/** Fields of the number pool management actions (CreateNumberPool, UpdateNumberPool, number applications). */

export const poolName = (options: Parameters<typeof textField>[2] = {}) =>
	textField('name', 'Name', { maxLength: 32, description: 'The name of the number pool (at most 32 characters)', ...options });

export const serviceType = (options: Parameters<typeof integerField>[2] = {}) =>
	integerField('serviceType', 'Service Type', {
		min: 0,
		default: 200,
		description: 'The service type code, as Number Pool → Get Many shows it (ServiceType), e.g. 200 for privacy numbers',
		...options,
	});

export const subServiceType = (options: Parameters<typeof integerField>[2] = {}) =>
	integerField('subServiceType', 'Sub Service Type', {
		min: 0,
		default: 202,
		description: 'The sub-service type code (SubServiceType), e.g. 201 AXB, 202 AXN, 203 AXNE, 204 AXYB',
		...options,
	});

export const scene = () =>
	integerField('scene', 'Scene', { min: 0, description: 'The scene code of the pool (Scene), as agreed with Volcengine' });
