import type { Messages } from "../messages.js";

/** English: the default catalogue, bundled with the widget. */
const en: Messages = {
  lang: "en",
  dir: "ltr",
  problems: {
    offline: { title: "You are offline", detail: "The page loads again as soon as you are back online." },
    unreachable: { title: "The intro page service cannot be reached", detail: "Your connection works, but the service does not answer." },
    timeout: { title: "The intro page service is not answering", detail: "It took too long to answer." },
    busy: { title: "Too many requests right now", detail: "The service asked us to wait." },
    unauthorized: { title: "Your session has expired", detail: "Sign in again, then try again." },
    forbidden: { title: "No access", detail: "You do not have access to this intro page." },
    notFound: { title: "No intro page", detail: "There is no intro page for this user." },
    failing: { title: "Your intro page could not be loaded", detail: "Something went wrong on our side." },
  },
  showingLoaded: (ago) => `Showing what was loaded ${ago}.`,
  retryIn: (when) => `Trying again ${when}.`,
  recovered: "Connected again. Your intro page is up to date.",
  tryAgain: "Try again",

  headings: {
    personalization: "Welcome",
    statistics: "Your statistics",
    actions: "Action items",
    activity: "Recent activity",
    system: "System status",
  },
  welcomeBack: (name) => `Welcome back, ${name}`,
  sectionStale: (asOf) => `Live data is unavailable right now. Showing data from ${asOf}.`,
  sectionUnavailable: "This section cannot be shown right now. We will keep trying.",
  severities: { info: "Info", success: "Good news", warning: "Warning", critical: "Critical" },

  insights: "Insights",
  quickActions: "Quick actions",

  productivityScore: (score) => `Productivity score ${score} of 100`,
  streak: (n) => ({ one: `${n}-day streak`, other: `${n}-day streak` }),
  lastActive: (ago) => `Last active ${ago}`,
  trend: (direction, delta, period) =>
    direction === "flat" ? `no change this ${period}` : `${direction} ${delta} this ${period}`,
  noStatistics: "No statistics yet. They appear after your first activity.",

  openCount: (n) => ({ other: `${n} open` }),
  urgentCount: (n) => ({ other: `${n} urgent` }),
  overdueCount: (n) => ({ other: `${n} overdue` }),
  openItems: "Open items",
  kinds: { task: "Task", approval: "Approval", review: "Review", mention: "Mention", reminder: "Reminder" },
  priorities: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
  due: (when) => `Due ${when}`,
  overdue: (when) => `Overdue, was due ${when}`,
  complete: "Complete",
  dismiss: "Dismiss",
  allCaughtUp: "You are all caught up. Nothing needs your attention.",
  completed: (title) => `Completed “${title}”.`,
  dismissed: (title) => `Dismissed “${title}”.`,
  actionFailed: (action, title) => `Could not ${action} “${title}”. It is back in your list; please try again.`,
  newUrgent: (count, titles) => ({ one: `New urgent item: ${titles}.`, other: `${count} new urgent items: ${titles}.` }),
  listHint: "Use the arrow keys to move between items.",
  skipList: (heading) => `Skip past ${heading}`,

  activityList: "Activity, newest first",
  activity: (actor, verb) => `${actor} ${verb}`,
  verbs: {},
  noActivity: "No activity yet. What you and your team do shows up here.",
  loadMore: "Load more activity",
  loadingMore: "Loading more activity…",
  loadedMore: (n) => ({ one: `Loaded ${n} more activity entry.`, other: `Loaded ${n} more activity entries.` }),
  olderUnavailable: "Older activity is unavailable right now. Please try again later.",
  loadMoreFailed: "Could not load more activity. Please try again.",

  systemStatus: { operational: "All systems operational", degraded: "Some systems degraded", outage: "Service outage" },
  activeToday: (n) => ({ one: `${n} person active today`, other: `${n} people active today` }),
  announcements: "Announcements",
  noAnnouncements: "No announcements.",
  readMore: "Read more",
  readMoreAbout: (title) => ` about ${title}`,
};

export default en;
