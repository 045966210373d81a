import Reroute from './Reroute.js';
import Comment from './Comment.js';
import Assert from './Assert.js';

export default [Reroute, Comment, Assert];
