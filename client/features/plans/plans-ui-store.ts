/** Whether the local plans dialog is open (outside React, so that the shell only mounts the feature). */
import { createStore } from '../../lib/store';

export const plansUi = createStore<{ open: boolean }>({ open: false });

export function openPlans() {
  plansUi.set(() => ({ open: true }));
}

export function closePlans() {
  plansUi.set(() => ({ open: false }));
}
