// Formatting shared by the dashboard's sections: the same as every other surface's (src/shared).
export { formatAge, formatDuration, formatTokens } from '../../src/shared/format';
