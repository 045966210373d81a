import Base64Encode from './Base64Encode.js';
import Base64Decode from './Base64Decode.js';
import URLEncode from './URLEncode.js';
import URLDecode from './URLDecode.js';
import Hash from './Hash.js';
import HMAC from './HMAC.js';
import UUID from './UUID.js';
import RandomString from './RandomString.js';
import HexEncode from './HexEncode.js';
import HexDecode from './HexDecode.js';
import SecureCompare from './SecureCompare.js';

export default [Base64Encode, Base64Decode, URLEncode, URLDecode, Hash, HMAC, UUID, RandomString, HexEncode, HexDecode, SecureCompare];
