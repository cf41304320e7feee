export type Renderer = 'webgl' | 'dom';

/**
 * Which renderer to try first. WebGL draws into a canvas, so the screen's text is no longer in the
 * DOM; browser tests read `.xterm-rows`, so under automation (`navigator.webdriver`, set by Selenium
 * and Playwright) the DOM renderer is the default. `?renderer=webgl|dom` overrides both ways.
 */
export function preferredRenderer(search: string, webdriver: boolean): Renderer {
  const asked = new URLSearchParams(search).get('renderer');
  if (asked === 'webgl' || asked === 'dom') return asked;
  return webdriver ? 'dom' : 'webgl';
}
