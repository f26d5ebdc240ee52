import { createIntroPageClient } from "@intro-page/sdk";

const client = createIntroPageClient({
  baseUrl: "https://intro.example.com",
  tokenProvider: () => localStorage.getItem("token") ?? "",
});

const page = await client.getIntroPage({ userId: "demo", sections: ["actions", "statistics"] });
for (const item of page.sections.actions?.data?.items ?? []) console.log(item.priority, item.title);

await client.completeAction({ userId: "demo", itemId: "act_7Hq2kP" });
await client.updatePreferences({ userId: "demo", body: { locale: "de-DE" } });
