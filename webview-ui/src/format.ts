// Formatting shared by the dashboard's sections: the same as every other surface's (src/common).
export { formatAge, formatDuration, formatTokens } from '../../src/common/format';
