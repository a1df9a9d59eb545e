import { attachCustomSynthesis, ISynthesisSession, Stage } from 'aws-cdk-lib';

type Hook = (session: ISynthesisSession) => void;
const hooks = new WeakMap<Stage, Hook[]>();

/**
 * Runs `hook` once the stage's cloud assembly has its templates written (the stage is the last
 * construct the synthesis visits), so the hook can read templates and write files beside them.
 * Throwing from the hook fails synthesis. Any number of hooks share the one custom synthesis a
 * construct may carry.
 *
 * @internal
 */
export function afterTemplatesWritten(stage: Stage, hook: Hook): void {
  let list = hooks.get(stage);
  if (!list) {
    const registered: Hook[] = [];
    hooks.set(stage, registered);
    attachCustomSynthesis(stage, { onSynthesize: (session) => registered.forEach((h) => h(session)) });
    list = registered;
  }
  list.push(hook);
}
