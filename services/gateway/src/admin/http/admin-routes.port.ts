import type { Router } from 'express';

/** A group of admin routes; AdminHttpServer mounts every group behind the admin key check. */
export interface AdminRoutes {
  mount(router: Router): void;
}

/** Nest token: the list of AdminRoutes groups (admin.module.ts). */
export const ADMIN_ROUTES = Symbol('quietpay.adminRoutes');
