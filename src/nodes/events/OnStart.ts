import { defineNode, nil } from '../sdk/index.js';

export default defineNode({
  type: 'OnStart',
  category: 'Events',
  label: 'On Start',
  description: 'Starts the pattern when it is run by hand, through the API, or with `dragops run`. Carries no data.',
  trigger: 'trigger',
  emit: (g) => {
    g.follow('then');
    return nil;
  },
});
