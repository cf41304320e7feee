// Adds DOM matchers (toBeChecked, toHaveTextContent, ...) to Vitest's expect.
import '@testing-library/jest-dom/vitest';
