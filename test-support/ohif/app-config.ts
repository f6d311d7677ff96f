/**
 * The app-config.js OHIF loads before its bundle (window.config): one DICOMweb data source, the
 * gateway. Keys from OHIF 3.13's own dist/app-config.js and shared/TESTBED.md:
 * - `imageRendering: 'wadors'`: frames by WADO-RS (PS3.18 §10.4.1.1.3), no WADO-URI;
 * - `thumbnailRendering: 'wadors'`: thumbnails drawn from frames, so the list and study browser
 *   need no /rendered or /thumbnail resource;
 * - `enableStudyLazyLoad`: series metadata fetched when the study opens;
 * - `qidoSupportsIncludeField: false`: OHIF then asks for the attributes it needs by default set;
 * - no `staticWado`: the gateway answers QIDO filters itself.
 * No credentials here: the driver adds the bearer token to requests to the gateway (driver.ts).
 */
export function appConfig(dicomweb: string): string {
  const config = {
    routerBasename: '/',
    extensions: [],
    modes: [],
    customizationService: {},
    showStudyList: true,
    maxNumberOfWebWorkers: 2,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    investigationalUseDialog: { option: 'never' },
    strictZSpacingForVolumeViewport: true,
    maxNumRequests: { interaction: 20, thumbnail: 4, prefetch: 4 },
    showErrorDetails: 'always',
    defaultDataSourceName: 'delineo',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'delineo',
        configuration: {
          friendlyName: 'Delineo',
          name: 'delineo',
          wadoUriRoot: dicomweb,
          qidoRoot: dicomweb,
          wadoRoot: dicomweb,
          qidoSupportsIncludeField: false,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          staticWado: false,
          singlepart: false,
          bulkDataURI: { enabled: true, relativeResolution: 'studies' },
          omitQuotationForMultipartRequest: true,
        },
      },
    ],
  };
  return `window.config = ${JSON.stringify(config, null, 2)};\n`;
}
