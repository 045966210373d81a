import ToString from './ToString.js';

export default [ToString];
