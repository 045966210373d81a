import Reroute from './Reroute.js';
import Comment from './Comment.js';

export default [Reroute, Comment];
