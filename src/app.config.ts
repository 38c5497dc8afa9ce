import { FEATURE_AREAS } from './features'

/** Subpackages beyond the feature areas: roster management, township/county views, and (H5 only) demo login. */
const adminPackages = [
  {
    root: 'packages/roster',
    pages: [
      'pages/index/index',
      'pages/import/index',
      'pages/person/index',
      'pages/household/index',
      'pages/grid/index',
      'pages/audit/index',
    ],
  },
  {
    root: 'packages/org',
    pages: [
      'pages/township/index',
      'pages/county/index',
      'pages/setup/index',
      'pages/village/index',
      'pages/settings/index',
    ],
  },
]
// The demo login exists only in the local H5 build: it must never ship inside the mini-program.
const demoPackages = process.env.TARO_ENV === 'h5' ? [{ root: 'packages/demo', pages: ['pages/login/index'] }] : []

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/services/index', 'pages/me/index', 'pages/messages/index'],
  subPackages: [
    ...FEATURE_AREAS.map((area) => ({ root: `packages/${area.key}`, pages: [...area.pages] })),
    ...adminPackages,
    ...demoPackages,
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '乡治',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/services/index',
        text: '办事',
        iconPath: 'assets/tabbar/services.png',
        selectedIconPath: 'assets/tabbar/services-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tabbar/me.png',
        selectedIconPath: 'assets/tabbar/me-active.png',
      },
    ],
  },
})
